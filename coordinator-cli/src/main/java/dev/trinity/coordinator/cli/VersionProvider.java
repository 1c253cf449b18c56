package dev.trinity.coordinator.cli;

import picocli.CommandLine;

/** Prints the build version and the Java runtime. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = CoordinatorCli.class.getPackage().getImplementationVersion();
        return new String[] {
            "coordinator " + (version == null ? "0.1.0-SNAPSHOT" : version),
            "java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
        };
    }
}
