package dev.trinity.coordinator.djl;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Keeps DJL's start-up chatter (its INFO lines about platforms and thread counts, and the WARN that CUDA libraries
 * without a driver repeat on every device query) out of an embedder's log, unless the embedder's logging
 * configuration names DJL's loggers itself.
 *
 * <p>Done once, before DJL's classes load, for the bindings that can be asked without depending on them:
 * slf4j-simple (system properties, unless a property or {@code simplelogger.properties} names {@code ai.djl}),
 * Logback (the {@code ai.djl} logger's level, unless the configuration set one) and java.util.logging. Other
 * bindings keep their own configuration.
 */
final class DjlLogging {

    /** DJL's loggers: warnings and errors only. */
    static final String DJL = "ai.djl";
    /** CUDA libraries without a driver warn on every device query; the device check reports it once. */
    static final String CUDA_UTILS = "ai.djl.util.cuda.CudaUtils";

    private static final String SIMPLE_PREFIX = "org.slf4j.simpleLogger.log.";
    /** java.util.logging holds loggers weakly: keep the configured ones. */
    private static final Logger[] JUL = new Logger[2];
    private static boolean done;

    private DjlLogging() {
    }

    /** Quiets DJL's loggers where the embedder has not configured them; idempotent. */
    static synchronized void quiet() {
        if (done) {
            return;
        }
        done = true;
        quietSimple();
        quietJul();
        quietLogback(LoggerFactory.getILoggerFactory());
    }

    private static void quietSimple() {
        if (configuresDjl(System.getProperties()) || configuresDjl(simpleLoggerFile())) {
            return;
        }
        System.setProperty(SIMPLE_PREFIX + DJL, "warn");
        System.setProperty(SIMPLE_PREFIX + CUDA_UTILS, "error");
    }

    private static boolean configuresDjl(Properties properties) {
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith(SIMPLE_PREFIX + DJL)) {
                return true;
            }
        }
        return false;
    }

    private static Properties simpleLoggerFile() {
        Properties properties = new Properties();
        try (InputStream in = DjlLogging.class.getClassLoader().getResourceAsStream("simplelogger.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // unreadable: treated as not configuring DJL
        }
        return properties;
    }

    private static void quietJul() {
        JUL[0] = Logger.getLogger(DJL);
        JUL[1] = Logger.getLogger(CUDA_UTILS);
        if (JUL[0].getLevel() == null) {
            JUL[0].setLevel(Level.WARNING);
        }
        if (JUL[1].getLevel() == null) {
            JUL[1].setLevel(Level.SEVERE);
        }
    }

    /** Logback through reflection (the library does not depend on it): set a level only where none is set. */
    static void quietLogback(ILoggerFactory factory) {
        if (!factory.getClass().getName().equals("ch.qos.logback.classic.LoggerContext")) {
            return;
        }
        try {
            ClassLoader loader = factory.getClass().getClassLoader();
            Class<?> level = Class.forName("ch.qos.logback.classic.Level", true, loader);
            Method toLevel = level.getMethod("toLevel", String.class);
            setIfUnset(factory, DJL, toLevel.invoke(null, "WARN"), level);
            setIfUnset(factory, CUDA_UTILS, toLevel.invoke(null, "ERROR"), level);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // another Logback than expected: leave its configuration alone
        }
    }

    private static void setIfUnset(ILoggerFactory factory, String name, Object value, Class<?> level)
            throws ReflectiveOperationException {
        Object logger = factory.getLogger(name);
        if (logger.getClass().getMethod("getLevel").invoke(logger) == null) {
            logger.getClass().getMethod("setLevel", level).invoke(logger, value);
        }
    }
}
