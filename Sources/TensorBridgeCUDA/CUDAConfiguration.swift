/// Tunables of the CUDA backend.
public struct CUDAConfiguration: Sendable, Hashable {
    /// The most device bytes kept cached for reuse per device (default 8 GiB).
    public var deviceCacheLimit = 8 << 30
    /// The most pinned host bytes kept cached per device (default 2 GiB: enough for a 1 GiB
    /// `numpy()` result plus staging).
    public var pinnedCacheLimit = 2 << 30
    /// Host↔device copies of pageable memory at least this large are staged through the
    /// pinned pool in chunks, overlapping the host copy with DMA.
    public var stagingThreshold = 4 << 20
    /// The staging chunk size.
    public var stagingChunk = 32 << 20

    /// The defaults above.
    public init() {}
}
