/**
 * {@code coordinator train} (fit the router to your own cases, with checkpoints, a live log and curves) and
 * {@code coordinator checkpoints} (migrate, list, show and export the checkpoint store).
 */
package dev.trinity.coordinator.cli.train;
