/** Reading JSON files with one-line messages that name the file, the line and the column (never parser internals). */
package dev.trinity.coordinator.json;
