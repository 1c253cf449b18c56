/** Conversation messages and the router transcript format. */
package dev.trinity.coordinator.conversation;
