#include "src/data/data_file.hpp"

#include "src/errors.hpp"

namespace numstab {

DataSet load_data_file(const std::string& path, const OpInfo&, Format) {
  throw UsageError("--data '" + path + "': not implemented yet");
}

}  // namespace numstab
