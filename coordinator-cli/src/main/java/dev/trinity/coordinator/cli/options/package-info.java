/**
 * The flags several commands share (model and router, device and dtype, selection, governed packets) and the
 * loading of the router they name through the library's {@code RouterLoader}.
 */
package dev.trinity.coordinator.cli.options;
