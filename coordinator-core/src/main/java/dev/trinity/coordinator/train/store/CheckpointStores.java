package dev.trinity.coordinator.train.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Opens a {@link CheckpointStore} from a URL: {@code sqlite:PATH} (an embedded SQLite file in WAL mode, created with
 * its folder when missing) or {@code jdbc:postgresql://host:port/db?user=NAME} (the password comes from the
 * environment variable {@value #PASSWORD_ENV}, else {@code PGPASSWORD}; it is never printed).
 */
public final class CheckpointStores {

    /** The environment variable holding a PostgreSQL store's password. */
    public static final String PASSWORD_ENV = "TRINITY_STORE_PASSWORD";

    private static final Pattern PASSWORD = Pattern.compile("(?i)(password=)[^&;\\s]*");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/@:]*:)[^/@]*@");

    private CheckpointStores() {
    }

    /**
     * Opens a store with the process environment.
     *
     * @param url {@code sqlite:PATH} or {@code jdbc:postgresql://…}
     * @return the store (not migrated: see {@link CheckpointStore#migrate()})
     * @throws IllegalArgumentException for a URL of another kind
     * @throws CheckpointStoreException when the database cannot be reached
     */
    public static CheckpointStore open(String url) {
        return open(url, System.getenv());
    }

    /**
     * Opens a store.
     *
     * @param url {@code sqlite:PATH} or {@code jdbc:postgresql://…}
     * @param env the environment to read the password from
     * @return the store
     */
    public static CheckpointStore open(String url, Map<String, String> env) {
        if (url.startsWith("sqlite:") || url.startsWith("jdbc:sqlite:")) {
            return sqlite(Path.of(url.substring(url.indexOf("sqlite:") + "sqlite:".length())));
        }
        if (url.startsWith("jdbc:postgresql:") || url.startsWith("postgresql:")) {
            return postgres(url.startsWith("jdbc:") ? url : "jdbc:" + url, env);
        }
        throw new IllegalArgumentException("store URL must be sqlite:PATH or jdbc:postgresql://HOST:PORT/DB?user=NAME, "
                + "got \"" + redact(url) + "\"");
    }

    /** An SQLite store in a file (WAL journal, waits up to 30 s for the write lock). */
    public static CheckpointStore sqlite(Path file) {
        if (file.toString().isBlank()) {
            throw new IllegalArgumentException("sqlite: needs a file path, for example sqlite:train/checkpoints.sqlite");
        }
        Path absolute = file.toAbsolutePath();
        try {
            Files.createDirectories(absolute.getParent());
        } catch (IOException e) {
            throw new CheckpointStoreException("cannot create the folder of " + absolute + ": " + e.getMessage(), e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(30_000);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + absolute);
        JdbcCheckpointStore store = new JdbcCheckpointStore(dataSource, Dialect.SQLITE, "sqlite:" + absolute, null);
        store.migrationStatus(); // reachable: opens the file once
        return store;
    }

    /** A PostgreSQL store (a small connection pool). */
    static CheckpointStore postgres(String jdbcUrl, Map<String, String> env) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        String password = env.get(PASSWORD_ENV) != null ? env.get(PASSWORD_ENV) : env.get("PGPASSWORD");
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(1); // fail at once, with the driver's reason, when the server is unreachable
        config.setPoolName("trinity-checkpoints");
        HikariDataSource dataSource = null;
        try {
            dataSource = new HikariDataSource(config);
            JdbcCheckpointStore store = new JdbcCheckpointStore(dataSource, Dialect.POSTGRESQL, redact(jdbcUrl),
                    dataSource);
            store.migrationStatus();
            return store;
        } catch (RuntimeException e) {
            if (dataSource != null) {
                dataSource.close();
            }
            throw new CheckpointStoreException("cannot reach the checkpoint store " + redact(jdbcUrl) + ": "
                    + redact(rootMessage(e)) + " (password from " + PASSWORD_ENV + " or PGPASSWORD)", e);
        }
    }

    /** A URL or message with any password removed. */
    public static String redact(String text) {
        return USER_INFO.matcher(PASSWORD.matcher(text).replaceAll("$1***")).replaceAll("$1***@");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage()).strip().replace('\n', ' ');
    }
}
