/**
 * A small safetensors reader and writer: memory-mapped, F32/F16/BF16 (and integer) tensors, files over 2 GB,
 * unaligned data offsets, strict validation with errors that name the file and the problem.
 */
package dev.trinity.coordinator.safetensors;
