/**
 * {@code coordinator run}: the coordinator loop through the library's {@code Coordinator}, with a report per turn.
 */
package dev.trinity.coordinator.cli.run;
