// A remote tier on an HTTP server: GET and PUT of one object per entry under a base URL,
// the protocol of WebDAV (nginx's dav module), bazel-remote, ccache's HTTP storage and S3
// presigned URLs. 404 is a miss; any other answer but success is a failure.
#include "../remote.hpp"

#include <curl/curl.h>

#include <cstring>
#include <mutex>
#include <vector>

namespace npcache::detail {

namespace {

struct Download {
  CURL *handle;
  std::vector<unsigned char> *bytes;
};

struct Upload {
  const unsigned char *data;
  std::size_t size, done;
};

std::size_t receive(char *data, std::size_t size, std::size_t count, void *out) {
  auto *download = static_cast<Download *>(out);
  std::vector<unsigned char> *bytes = download->bytes;
  try {
    // The whole body at once where the server says its length: no regrowth, one copy.
    curl_off_t length = -1;
    if (bytes->empty() && curl_easy_getinfo(download->handle, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length) == CURLE_OK &&
        length > 0)
      bytes->reserve(static_cast<std::size_t>(length));
    bytes->insert(bytes->end(), data, data + size * count);
  } catch (const std::exception &) { // no exception may cross curl's C code: the transfer fails
    return 0;
  }
  return size * count;
}

std::size_t send(char *buffer, std::size_t size, std::size_t count, void *in) {
  auto *upload = static_cast<Upload *>(in);
  std::size_t n = std::min(size * count, upload->size - upload->done);
  std::memcpy(buffer, upload->data + upload->done, n);
  upload->done += n;
  return n;
}

class HttpBackend final : public RemoteBackend {
public:
  explicit HttpBackend(RemoteSpec spec) : spec_(std::move(spec)) {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  }

  Fetched get(const std::string &name) override {
    Fetched out;
    auto bytes = std::make_shared<std::vector<unsigned char>>();
    Download download{nullptr, bytes.get()};
    long status = perform(name, [&](CURL *h) {
      download.handle = h;
      curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, receive);
      curl_easy_setopt(h, CURLOPT_WRITEDATA, &download);
    }, out.error);
    if (status == 200)
      out.status = Fetched::Status::found;
    else if (status == 404)
      out.status = Fetched::Status::absent;
    else
      out.status = Fetched::Status::failed;
    if (out.status == Fetched::Status::failed && out.error.empty())
      out.error = "HTTP " + std::to_string(status);
    if (out.status == Fetched::Status::found) {
      out.data = bytes->data();
      out.size = bytes->size();
      out.owner = std::move(bytes);
    }
    return out;
  }

  std::string put(const std::string &name, const unsigned char *data, std::size_t size) override {
    Upload upload{data, size, 0};
    curl_slist *headers = curl_slist_append(nullptr, "Expect:"); // no 100-continue round trip
    std::string error;
    long status = perform(name, [&](CURL *h) {
      curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
      curl_easy_setopt(h, CURLOPT_READFUNCTION, send);
      curl_easy_setopt(h, CURLOPT_READDATA, &upload);
      curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(size));
      curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    }, error);
    curl_slist_free_all(headers);
    if (error.empty() && status != 200 && status != 201 && status != 204)
      error = "HTTP " + std::to_string(status);
    return error;
  }

  bool fits(std::size_t) const override { return true; }

  Fetched::Status exists(const std::string &name, std::string &error) override {
    long status = perform(name, [](CURL *h) { curl_easy_setopt(h, CURLOPT_NOBODY, 1L); }, error);
    if (status == 200)
      return Fetched::Status::found;
    if (status == 404)
      return Fetched::Status::absent;
    if (error.empty())
      error = "HTTP " + std::to_string(status);
    return Fetched::Status::failed;
  }

  void remove(const std::string &name) override {
    std::string error;
    perform(name, [](CURL *h) { curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "DELETE"); }, error);
  }

private:
  // One request on a pooled handle (which keeps its connection alive); returns the HTTP
  // status, or 0 with `error` set when there was no answer.
  template <class Setup>
  long perform(const std::string &name, Setup setup, std::string &error) {
    CURL *h = pool_.take();
    if (h == nullptr)
      h = curl_easy_init();
    if (h == nullptr) {
      error = "cannot start a transfer";
      return 0;
    }
    const std::string url = spec_.base + name;
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(spec_.connect_timeout.count()));
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(spec_.timeout.count()));
    setup(h);
    char detail[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, detail);
    CURLcode code = curl_easy_perform(h);
    long status = 0;
    if (code == CURLE_OK) {
      curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
      if (status >= 300 && status != 404)
        error = "HTTP " + std::to_string(status);
    } else {
      // curl's messages name the host, never the URL's credentials.
      error = detail[0] != '\0' ? detail : curl_easy_strerror(code);
    }
    curl_easy_reset(h); // keeps the connection, drops this request's options and buffers
    pool_.give(h);
    return status;
  }

  RemoteSpec spec_;
  ConnectionPool<CURL, curl_easy_cleanup> pool_;
};

} // namespace

std::unique_ptr<RemoteBackend> make_http_backend(const RemoteSpec &spec) {
  return std::make_unique<HttpBackend>(spec);
}

} // namespace npcache::detail
