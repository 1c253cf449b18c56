/** Training curves: a deterministic hand-written SVG and a JFreeChart PNG of score and loss per epoch. */
package dev.trinity.coordinator.train.report;
