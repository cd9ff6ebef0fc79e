// Produces the numerical reference fixture for the nsfwjs@4.4.0 MobileNetV2 import test
// (dev.baton.transfer.weights.NsfwjsMobileNetV2ImportTest) by running the ORIGINAL TF.js layers
// model with @tensorflow/tfjs (pure JS CPU backend) on two deterministic inputs.
//
// Run through make-nsfwjs-reference.sh, which fetches the package and installs tfjs into the
// git-ignored .baton/node/ folder. Arguments: <nsfwjs package dir> <output json>.
//
// Inputs (NHWC, 1x224x224x3 each, already scaled to [-1,1] exactly like x/127.5-1 on RGB bytes):
//   input 0: p(h,w,c) = (h + 2*w + 40*c) mod 256
//   input 1: p(h,w,c) = (7*h*h + 3*w*w + h*w + 71*c + 13) mod 256
//   x = float32(p / 127.5 - 1)
// Recorded outputs per input:
//   outReluGap      : global average pool of `out_relu` (7x7x1280 -> 1280), the backbone's feature vector
//   outReluSlice    : out_relu[0, 0..6, 0..6, 0..7] in HWC order (392 values)
//   block10Gap      : global average pool of `block_10_project_BN` (14x14x96 -> 96), last all-ImageNet block
import { createRequire } from "node:module";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const require = createRequire(import.meta.url);
const [pkgDir, outFile] = process.argv.slice(2);
if (!pkgDir || !outFile) {
  console.error("usage: node nsfwjs-reference.mjs <nsfwjs package dir> <output json>");
  process.exit(2);
}
const tf = require("@tensorflow/tfjs");
await tf.setBackend("cpu");
await tf.ready();

const modelDir = path.join(pkgDir, "dist", "models", "mobilenet_v2");
const modelFile = path.join(modelDir, "model.min.js");
const artifacts = require(modelFile);            // UMD bundle: { modelTopology, weightsManifest }
const weightSpecs = [];
const chunks = [];
const files = { "model.min.js": sha256(modelFile) };
for (const group of artifacts.weightsManifest) {
  weightSpecs.push(...group.weights);
  for (const p of group.paths) {
    const shardFile = path.join(modelDir, p + ".min.js");
    files[p + ".min.js"] = sha256(shardFile);
    chunks.push(Buffer.from(require(shardFile), "base64")); // UMD bundle exporting a base64 string
  }
}
const all = Buffer.concat(chunks);
const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
const model = await tf.loadLayersModel(
  tf.io.fromMemory({ modelTopology: artifacts.modelTopology, weightSpecs, weightData }));
const probe = tf.model({
  inputs: model.inputs,
  outputs: [model.getLayer("out_relu").output, model.getLayer("block_10_project_BN").output],
});

const H = 224, W = 224, C = 3;
const formulas = [
  (h, w, c) => (h + 2 * w + 40 * c) % 256,
  (h, w, c) => (7 * h * h + 3 * w * w + h * w + 71 * c + 13) % 256,
];
const inputs = [];
for (let i = 0; i < formulas.length; i++) {
  const x = new Float32Array(H * W * C);
  for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) for (let c = 0; c < C; c++) {
    x[(h * W + w) * C + c] = formulas[i](h, w, c) / 127.5 - 1;
  }
  const [outRelu, block10] = probe.predict(tf.tensor4d(x, [1, H, W, C]));
  const o = await outRelu.data();
  const b = await block10.data();
  const [, oh, ow, oc] = outRelu.shape;
  const [, bh, bw, bc] = block10.shape;
  const slice = [];
  for (let h = 0; h < oh; h++) for (let w = 0; w < ow; w++) for (let c = 0; c < 8; c++) {
    slice.push(o[(h * ow + w) * oc + c]);
  }
  inputs.push({
    formula: ["(h + 2*w + 40*c) mod 256", "(7*h*h + 3*w*w + h*w + 71*c + 13) mod 256"][i],
    outReluShape: outRelu.shape,
    block10Shape: block10.shape,
    outReluGap: round(gap(o, oh * ow, oc)),
    outReluSlice: round(slice),
    block10Gap: round(gap(b, bh * bw, bc)),
  });
}

const fixture = {
  description: "Reference outputs of nsfwjs@4.4.0 MobileNetV2 (TF.js layers model) on fixed inputs; regenerate with deploy/base-models/make-nsfwjs-reference.sh",
  generator: { script: "deploy/base-models/nsfwjs-reference.mjs", tfjs: tf.version.tfjs, backend: tf.getBackend(), node: process.version },
  packageFiles: files,
  input: { layout: "NHWC", shape: [1, H, W, C], scaling: "x = float32(p / 127.5 - 1)" },
  sliceSpec: "out_relu[0, 0..6, 0..6, 0..7], HWC order",
  inputs,
};
fs.writeFileSync(outFile, JSON.stringify(fixture) + "\n");
console.log(`wrote ${outFile}`);

function gap(values, positions, channels) {
  const out = new Array(channels).fill(0);
  for (let p = 0; p < positions; p++) for (let c = 0; c < channels; c++) out[c] += values[p * channels + c];
  return out.map((s) => s / positions);
}
function round(values) {
  return Array.from(values, (v) => Number(v.toPrecision(7)));
}
function sha256(file) {
  return createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}
