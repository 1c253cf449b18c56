/**
 * Separable CMA-ES (Ros &amp; Hansen 2008) as an ask-and-tell state machine: the optimiser never calls the fitness
 * function, and its whole state is one value, so a checkpoint is that value serialised.
 */
package dev.trinity.coordinator.train.cmaes;
