/** Routing: the hidden-state seam, the router head and route decisions. */
package dev.trinity.coordinator.route;
