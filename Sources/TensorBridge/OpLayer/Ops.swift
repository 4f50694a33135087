/// The op layer's ops, one `static let` per op, each declared in the file of the public API
/// it serves (`Ops.rgbToGrayscale` beside `Image.rgbToGrayscale`). Backends register kernels
/// against these values; the public functions validate their arguments, then call the op.
package enum Ops {}
