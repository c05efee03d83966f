#pragma once
// Gives memory that malloc holds free back to the system (glibc's malloc_trim).
//
// Loading content frees big buffers in the middle of the heap (each classifier's model file is read
// whole, then parsed into its matrices; the knowledge base and the intents are parsed through
// temporaries). free() returns only the top of the heap to the system, so without a trim those pages
// stay resident for the life of the process: measured, 16 MB of a 63 MB start with the classifiers at
// bucket 50,000. Call it after such one-off work, never per request (it walks every arena).

namespace careerbot {

// True when some memory was given back. Thread-safe.
bool release_free_memory() noexcept;

}  // namespace careerbot
