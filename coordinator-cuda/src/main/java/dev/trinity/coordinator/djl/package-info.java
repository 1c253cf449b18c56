/** DJL bootstrap: offline flags, device and dtype selection, engine facts. */
package dev.trinity.coordinator.djl;
