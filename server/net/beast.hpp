#pragma once
// Boost.Beast/Asio for the net module's .cpp files only. Never include this from a header that
// other modules see: one file that includes Beast takes ~40 s to compile.

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

namespace careerbot::net {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace websocket = boost::beast::websocket;
using tcp = boost::asio::ip::tcp;
}  // namespace careerbot::net
