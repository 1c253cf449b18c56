/** Locates the data shipped in the repository's {@code priv/} folder (the tiny demo model, the Sakana vector). */
package dev.trinity.coordinator.bundled;
