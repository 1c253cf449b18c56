/** Files the coordinator writes: why a path cannot take one, in words a person can act on. */
package dev.trinity.coordinator.files;
