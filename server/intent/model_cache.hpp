#pragma once
// Trained models kept on disk under a name and a hash of everything that decides their bytes (the
// normalised examples, the training settings, the format version). `careerbot-kb build` trains
// ahead of time; a server start or hot reload with unchanged examples then loads in milliseconds,
// and changed examples simply miss and train. Files are written to a temporary name and renamed, so
// two processes that train the same model at once both end with a whole file (training is
// deterministic: the same bytes).
//
// Thread-safety: get_or_train() may be called from several threads and processes at once.

#include <functional>
#include <string>
#include <string_view>

namespace careerbot::intent {

// FNV-1a, 64 bits, as 16 hex digits: a stable file-name hash (not a security measure).
std::string content_hash(std::string_view bytes);

class ModelCache {
 public:
  // An empty `directory` keeps nothing: every call trains.
  explicit ModelCache(std::string directory) : directory_(std::move(directory)) {}

  // The bytes stored for (name, key), else train()'s result, stored first. A cache that cannot be
  // written (read-only disk, full disk) still returns the trained bytes; the file is just not kept.
  // Exceptions from train() propagate.
  std::string get_or_train(std::string_view name, std::string_view key,
                           const std::function<std::string()>& train) const;

  // As above, with the model keyed by `inputs()`: everything training reads (the version included),
  // so that content changed only where training does not read finds the model trained before
  // (training is deterministic). `inputs()` costs seconds, so a small "<name>-key" entry keeps its
  // hash under `cheap_key` (the content files' bytes): unchanged content never computes it.
  std::string get_or_train(std::string_view name, std::string_view cheap_key,
                           const std::function<std::string()>& inputs,
                           const std::function<std::string()>& train) const;

  // The file (name, key) is kept in.
  std::string path_for(std::string_view name, std::string_view key) const;
  const std::string& directory() const noexcept { return directory_; }

 private:
  std::string directory_;
};

}  // namespace careerbot::intent
