/** The picocli {@code coordinator} command line. */
package dev.trinity.coordinator.cli;
