/**
 * The operator's pre-flight check ({@code coordinator env-check}): Java, DJL offline, the device, the model folder and
 * the adapted artifact, reported as ordered facts or the first problem.
 */
package dev.trinity.coordinator.cli.env;
