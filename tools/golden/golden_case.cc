#include "tools/golden/golden_case.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "src/api/conv2d_shape.h"

namespace octet::golden {

namespace fs = std::filesystem;

bool load_case(const std::string& path, Case* c, std::string* error) {
  try {
    std::ifstream in(path);
    if (!in) {
      *error = "cannot open " + path;
      return false;
    }
    const nlohmann::json j = nlohmann::json::parse(in);
    if (j.value("format", "") != "octet-golden-v1") {
      *error = path + ": not an octet-golden-v1 file";
      return false;
    }
    c->path = path;
    c->source = j.at("source").get<std::string>();
    c->name = j.at("name").get<std::string>();
    for (auto [key, field] : {std::pair{"N", &c->N}, {"H", &c->H}, {"W", &c->W}, {"C", &c->C}, {"K", &c->K},
                              {"R", &c->R}, {"S", &c->S}, {"OH", &c->OH}, {"OW", &c->OW}, {"groups", &c->groups}}) {
      *field = j.at(key).get<size_t>();
    }
    for (int i = 0; i < 2; ++i) {
      c->stride[i] = j.at("stride").at(i).get<size_t>();
      c->dilation[i] = j.at("dilation").at(i).get<size_t>();
    }
    for (int i = 0; i < 4; ++i) c->pad[i] = j.at("pad").at(i).get<size_t>();
    // Scales are the exact doubles PyTorch held: parse as double, never float.
    c->x_scale = j.at("x_scale").get<double>();
    c->y_scale = j.at("y_scale").get<double>();
    c->x_zero_point = j.at("x_zero_point").get<int32_t>();
    c->y_zero_point = j.at("y_zero_point").get<int32_t>();
    c->w_scale = j.at("w_scale").get<std::vector<double>>();
    c->w_zero_point = j.at("w_zero_point").get<std::vector<int32_t>>();
    c->has_bias = !j.at("bias").is_null();
    c->bias.clear();
    if (c->has_bias) {
      // float32 values written as exact doubles: the conversion is lossless.
      for (double b : j.at("bias").get<std::vector<double>>()) c->bias.push_back(static_cast<float>(b));
    }
    c->relu = j.at("relu").get<bool>();
    c->x = j.at("x").get<std::vector<uint8_t>>();
    c->w = j.at("w").get<std::vector<int8_t>>();
    c->y = j.at("y").get<std::vector<uint8_t>>();
  } catch (const std::exception& e) {
    *error = path + ": " + e.what();
    return false;
  }
  const size_t cg = c->groups ? c->C / c->groups : 0;
  if (c->w_scale.size() != c->K || c->w_zero_point.size() != c->K || (c->has_bias && c->bias.size() != c->K) ||
      c->x.size() != c->N * c->H * c->W * c->C || c->w.size() != c->K * c->R * c->S * cg ||
      c->y.size() != c->N * c->OH * c->OW * c->K) {
    *error = path + ": array sizes do not match the shape";
    return false;
  }
  return true;
}

std::vector<std::string> list_case_files(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      for (const auto& e : fs::recursive_directory_iterator(p, ec)) {
        if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path().string());
      }
    } else {
      files.push_back(p);
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

bool mode_for_source(const std::string& source, octet_requant_mode* mode) {
  if (source.find("qnnpack") != std::string::npos) {
    *mode = octet_requant_pytorch_qnnpack;
  } else if (source.find("onednn") != std::string::npos) {
    *mode = octet_requant_pytorch_onednn;
  } else if (source.find("fbgemm") != std::string::npos) {
    *mode = octet_requant_pytorch_fbgemm;
  } else {
    return false;
  }
  return true;
}

octet_conv2d_params make_params(const Case& c, octet_requant_mode mode) {
  octet_conv2d_params p = conv2d_params_for_shape(ref::ConvShape{
      c.C, c.K, c.groups, c.R, c.S, c.stride[0], c.stride[1], c.dilation[0], c.dilation[1],
      c.pad[0], c.pad[1], c.pad[2], c.pad[3]});
  p.input_type = octet_datatype_u8;
  p.input_scale = c.x_scale;
  p.input_zero_point = c.x_zero_point;
  p.weights = c.w.data();
  const bool per_tensor =
      std::all_of(c.w_scale.begin(), c.w_scale.end(), [&](double s) { return s == c.w_scale[0]; }) &&
      std::all_of(c.w_zero_point.begin(), c.w_zero_point.end(), [&](int32_t z) { return z == c.w_zero_point[0]; });
  p.weight_scale_count = per_tensor ? 1 : c.K;
  p.weight_scales = c.w_scale.data();
  p.weight_zero_points = c.w_zero_point.data();
  p.bias_type = c.has_bias ? octet_datatype_f32 : octet_datatype_none;
  p.bias = c.has_bias ? c.bias.data() : nullptr;
  p.output_type = octet_datatype_u8;
  p.output_scale = c.y_scale;
  p.output_zero_point = c.y_zero_point;
  p.output_min = c.relu ? c.y_zero_point : 0;  // fused ReLU clamps at the real 0
  p.output_max = 255;
  p.requant_mode = mode;
  return p;
}

bool run_case(const Case& c, octet_requant_mode mode, std::vector<uint8_t>* y, std::string* error,
              std::string* path_used) {
  const octet_conv2d_params p = make_params(c, mode);
  octet_conv2d_t op = nullptr;
  octet_status st = octet_conv2d_create(&p, &op);
  if (st != octet_status_success) {
    *error = std::string("create: ") + octet_last_error();
    return false;
  }
  if (path_used) *path_used = std::string(octet_isa_name(octet_conv2d_isa(op))) + "/" + octet_conv2d_path(op);
  size_t oh = 0, ow = 0, ws_size = 0;
  octet_conv2d_output_size(op, c.H, c.W, &oh, &ow);
  if (oh != c.OH || ow != c.OW) {
    *error = "output size " + std::to_string(oh) + "x" + std::to_string(ow) + " differs from the file's";
    octet_conv2d_destroy(op);
    return false;
  }
  octet_conv2d_workspace_size(op, c.N, c.H, c.W, 1, &ws_size);
  std::vector<uint8_t> workspace(ws_size);
  y->assign(c.N * c.OH * c.OW * c.K, 0);
  st = octet_conv2d_run(op, c.N, c.H, c.W, c.x.data(), 0, y->data(), 0, workspace.data(), ws_size, nullptr);
  octet_conv2d_destroy(op);
  if (st != octet_status_success) {
    *error = std::string("run: ") + octet_last_error();
    return false;
  }
  return true;
}

}  // namespace octet::golden
