/**
 * Training the router: a {@link dev.trinity.coordinator.train.Trainer} fits the router head (supervised
 * cross-entropy or sep-CMA-ES) or the whole router vector (sep-CMA-ES through the load-time SVF path) to a
 * prompt-eval case file, scores routes with {@link dev.trinity.coordinator.train.Evaluator}s, writes checkpoints to
 * a {@link dev.trinity.coordinator.train.store.CheckpointStore}, streams {@link
 * dev.trinity.coordinator.train.TrainingEvent}s, and resumes bit for bit after a crash. The model is seen only
 * through {@link dev.trinity.coordinator.train.TrainableRouter}.
 */
package dev.trinity.coordinator.train;
