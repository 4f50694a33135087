import TensorBridge
/// Grid and block sizes for one kernel launch (1-D blocks; the grid may use y).
///
/// The kernels loop grid-stride (`for (i = blockIdx.x*blockDim.x + threadIdx.x; i < n;
/// i += gridDim.x*blockDim.x)`), so any grid covers any element count; the grid is sized to
/// cover the work once, capped so huge tensors reuse threads instead of exceeding the
/// hardware's grid limit.
package struct LaunchConfiguration: Sendable, Hashable {
    /// Blocks in x.
    package var gridX: UInt32
    /// Blocks in y (1 for every current kernel).
    package var gridY: UInt32
    /// Threads per block.
    package var blockX: UInt32
    /// Dynamic shared memory per block, in bytes.
    package var sharedBytes: UInt32

    /// A configuration with explicit sizes.
    package init(gridX: UInt32, gridY: UInt32 = 1, blockX: UInt32, sharedBytes: UInt32 = 0) {
        self.gridX = gridX
        self.gridY = gridY
        self.blockX = blockX
        self.sharedBytes = sharedBytes
    }

    /// Threads per block for the element-wise kernels: a multiple of the 32-thread warp that
    /// keeps enough warps resident per multiprocessor on every architecture since Kepler.
    package static let defaultBlockSize = 256
    /// The x-dimension grid limit of every GPU since compute capability 3.0.
    package static let maxGridX = Int(Int32.max)

    /// One thread per work item, `blockSize` threads per block, at most `maxBlocks` blocks.
    /// - Returns: `nil` when there is no work (launching a zero-sized grid is a driver error).
    /// - Throws: `TensorBridgeError` (`.invalidArgument`) for a negative count or a block size that is
    ///   not a positive multiple of 32 up to 1024.
    package static func linear(
        workItems: Int, blockSize: Int = defaultBlockSize, maxBlocks: Int = maxGridX
    ) throws(TensorBridgeError) -> LaunchConfiguration? {
        guard workItems >= 0 else { throw .invalidArgument("work item count \(workItems) is negative") }
        guard blockSize > 0, blockSize <= 1024, blockSize % 32 == 0 else {
            throw .invalidArgument("block size \(blockSize) must be a multiple of 32 in 32...1024")
        }
        guard workItems > 0 else { return nil }
        let needed = workItems / blockSize + (workItems % blockSize == 0 ? 0 : 1)
        let blocks = min(needed, max(1, min(maxBlocks, maxGridX)))
        return LaunchConfiguration(gridX: UInt32(blocks), blockX: UInt32(blockSize))
    }

    /// The cap on blocks for grid-stride kernels on a device with `multiprocessors` SMs:
    /// 32 blocks of 256 threads per SM (enough to fill it several times over).
    package static func maxBlocks(multiprocessors: Int) -> Int {
        max(1, multiprocessors) * 32
    }

    /// Threads the grid runs in total.
    package var threadCount: Int { Int(gridX) * Int(gridY) * Int(blockX) }
}
