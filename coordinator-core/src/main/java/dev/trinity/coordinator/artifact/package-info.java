/**
 * Adapted-artifact bundles: the manifest model (read and written) and its validation, loading the router head and the
 * adapted checkpoints, verifying a bundle, and the artifact pin. Downloading bundles is
 * {@code dev.trinity.coordinator.hub}.
 *
 * <p>Bundle format (the reference's): {@code manifest.json}, {@code router_head.safetensors} and
 * {@code checkpoints/000N_<artifact_key>.safetensors} (layout {@code checkpoint_directory}) or one
 * {@code adapted_tensors.safetensors} (layout {@code single_file}). Problems with a bundle raise
 * {@link dev.trinity.coordinator.artifact.MalformedArtifactException}, whose message names the file and the fix.
 */
package dev.trinity.coordinator.artifact;
