/**
 * {@code coordinator serve}: the router, runs and training as an HTTP and websocket service (docs/serve.md), on
 * Javalin 7 (Jetty 12).
 */
package dev.trinity.coordinator.cli.serve;
