/**
 * Hugging Face hub access: downloading the pinned adapted bundle ({@link dev.trinity.coordinator.hub.ArtifactFetcher})
 * and base models into the Hugging Face cache layout ({@link dev.trinity.coordinator.hub.ModelFetcher}), with the
 * endpoint, token and proxy settings ({@link dev.trinity.coordinator.hub.HubSettings}), resumable downloads verified by
 * sha256 ({@link dev.trinity.coordinator.hub.HubDownloader}), and the check of a cache snapshot against its blob names
 * ({@link dev.trinity.coordinator.hub.SnapshotHashes}).
 */
package dev.trinity.coordinator.hub;
