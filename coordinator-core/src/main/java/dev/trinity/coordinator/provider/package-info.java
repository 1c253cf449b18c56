/**
 * LLM providers: the {@link dev.trinity.coordinator.provider.ChatProvider} SPI (one HTTP attempt per call), the
 * typed {@link dev.trinity.coordinator.provider.ProviderException} tree mapped from HTTP status, the
 * {@link dev.trinity.coordinator.provider.RetryPolicy} that honours Retry-After, the dispatcher that counts every
 * attempt against the run's budget, and the mock, OpenAI-compatible and Anthropic providers.
 */
package dev.trinity.coordinator.provider;
