/**
 * The front door for embedders: {@link dev.trinity.coordinator.Coordinator} routes conversations with the TRINITY
 * router and runs the coordinator loop. The router's loading is {@link dev.trinity.coordinator.adapted.RouterLoader}
 * (sources: {@link dev.trinity.coordinator.adapted.RouterSource}); the loop's parts are in
 * {@code dev.trinity.coordinator.loop}, {@code pool}, {@code provider}, {@code trace} and {@code metrics}.
 */
package dev.trinity.coordinator;
