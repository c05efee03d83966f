// careerbot-server: reads the configuration (file, environment, flags) and runs the application.
#include <iostream>
#include <string>
#include <vector>

#include "app/application.hpp"
#include "common/config.hpp"

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (careerbot::wants_help(args)) {
    std::cout << careerbot::config_help("careerbot-server");
    return 0;
  }
  try {
    careerbot::app::Application app(careerbot::load_config(args));
    return app.run();
  } catch (const careerbot::ConfigError& e) {
    std::cerr << "careerbot-server: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "careerbot-server: cannot start: " << e.what() << "\n";
    return 1;
  }
}
