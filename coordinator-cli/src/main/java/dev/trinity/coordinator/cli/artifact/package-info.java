/**
 * {@code coordinator artifact} (fetch, verify and build the adapted bundle) and {@code coordinator model}
 * (fetch a base model into the Hugging Face cache).
 */
package dev.trinity.coordinator.cli.artifact;
