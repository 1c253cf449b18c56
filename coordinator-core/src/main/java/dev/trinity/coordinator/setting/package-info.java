/**
 * Messages that name the library's settings: a {@link dev.trinity.coordinator.setting.Wording} renders each
 * {@link dev.trinity.coordinator.setting.Setting} by the library's name ({@code device cuda:0 needs a CUDA GPU}),
 * and a front end renders the same message with its own names (the CLI's {@code --device cuda:0 needs a CUDA GPU}).
 * Exceptions that carry one implement {@link dev.trinity.coordinator.setting.Worded}.
 */
package dev.trinity.coordinator.setting;
