/**
 * {@code coordinator route} (one conversation's routing decision) and {@code coordinator extract} (its hidden
 * state).
 */
package dev.trinity.coordinator.cli.route;
