/**
 * {@code coordinator prompt-eval}: routes a cases file and compares decisions and hashes with a snapshot.
 */
package dev.trinity.coordinator.cli.eval;
