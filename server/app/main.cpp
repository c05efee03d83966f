// careerbot-server: reads the configuration (file, environment, flags) and runs the application.
#include <iostream>

#include "app/application.hpp"
#include "common/command_line.hpp"
#include "common/config.hpp"

int main(int argc, char** argv) {
  CLI::App app(
      "The careerbot chat server: WebSocket chat, REST, Telegram webhook, health, metrics, admin\n"
      "and the web widget on one port.",
      "careerbot-server");
  careerbot::add_version_flag(app);
  careerbot::CommandLineSettings flags;
  careerbot::add_config_flags(app, flags);
  if (const auto status = careerbot::parse_command_line(app, argc, argv)) return *status;
  try {
    careerbot::app::Application application(careerbot::build_config(flags));
    return application.run();
  } catch (const careerbot::ConfigError& e) {
    std::cerr << "careerbot-server: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "careerbot-server: cannot start: " << e.what() << "\n";
    return 1;
  }
}
