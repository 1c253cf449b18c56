/** The Qwen3 tokenizer over DJL's Hugging Face tokenizers binding. */
package dev.trinity.coordinator.tokenizer;
