// swift-tools-version: 6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "TensorBridge",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "TensorBridge", targets: ["TensorBridge"]),
        .library(name: "TensorBridgeDLPack", targets: ["TensorBridgeDLPack"]),
        .library(name: "TensorBridgePython", targets: ["TensorBridgePython"]),
        .library(name: "TensorBridgeFormats", targets: ["TensorBridgeFormats"]),
        .library(name: "TensorBridgeCUDA", targets: ["TensorBridgeCUDA"]),
        .library(name: "TensorBridgeTFFormats", targets: ["TensorBridgeTFFormats"]),
        .executable(name: "tensorbridge", targets: ["tensorbridge"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.28.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
    ],
    targets: [
        // Core: tensors, dtypes, devices, CPU kernels and ops. Links nothing optional.
        .target(name: "TensorBridge", dependencies: ["_CTensorBridgeKernels"], swiftSettings: strict),
        // Element-wise loops in C where Swift cannot vectorize (float → int conversion).
        .target(name: "_CTensorBridgeKernels"),
        // The DLPack ABI, written from the specification.
        .target(name: "CDLPack"),
        // DLPack export and import in pure Swift (no Python needed).
        .target(
            name: "TensorBridgeDLPack",
            dependencies: ["TensorBridge", "CDLPack"],
            swiftSettings: strict),
        // CPython struct layouts (declarations only; libpython is loaded at run time).
        .target(name: "_CPythonABI"),
        // Embedded CPython loaded at run time, NumPy and DLPack conversions.
        .target(
            name: "TensorBridgePython",
            dependencies: ["TensorBridge", "CDLPack", "TensorBridgeDLPack", "_CPythonABI"],
            swiftSettings: strict),
        // Names the file in a SIGBUS message when a memory-mapped tensor file is truncated.
        .target(name: "_CTensorBridgeSignals"),
        // .npy, .npz, safetensors and TensorProto.
        .target(
            name: "TensorBridgeFormats",
            dependencies: [
                "TensorBridge", "_CTensorBridgeSignals",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            exclude: ["TensorProto/Proto"],  // the .proto schema the generated code came from
            swiftSettings: strict),
        // CRC32C (SSE4.2 where present) and zlib streams for TensorFlow's formats; libz is the
        // system library ZIPFoundation already links on Linux.
        .target(name: "_CTensorBridgeTFFormats", linkerSettings: [.linkedLibrary("z")]),
        // TensorFlow's own files: checkpoints (TensorBundle), SavedModel, TFRecord, tf.train.Example.
        // Builds on TensorBridgeFormats for TensorFlow's framework protos (DataType, TensorShapeProto).
        .target(
            name: "TensorBridgeTFFormats",
            dependencies: [
                "TensorBridge", "TensorBridgeFormats", "_CTensorBridgeTFFormats",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            exclude: ["Proto/Schema"],
            swiftSettings: strict),
        // CUDA driver API and NVRTC declarations (no CUDA headers or libraries at build time).
        .target(name: "_CTensorBridgeCUDA"),
        // The CUDA backend: driver loaded with dlopen at run time, kernels compiled with NVRTC.
        .target(
            name: "TensorBridgeCUDA",
            dependencies: ["TensorBridge", "_CTensorBridgeCUDA"],
            swiftSettings: strict),
        // GPU-vs-CPU agreement and copy bandwidth, run on a machine with a GPU (scripts/device-check).
        .executableTarget(
            name: "tensorbridge-device-check",
            dependencies: ["TensorBridge", "TensorBridgeCUDA", "TensorBridgePython"],
            swiftSettings: strict),
        .executableTarget(
            name: "tensorbridge",
            dependencies: [
                "TensorBridge", "TensorBridgeDLPack", "TensorBridgePython", "TensorBridgeFormats", "TensorBridgeCUDA",
                "TensorBridgeTFFormats",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),
        // Development-only executables (Tests/Executable/), not part of any product: the soak
        // that scripts/test runs, and the child process of the fault tests.
        // Mixed, self-checking workload on concurrent tasks with memory and leak report.
        .executableTarget(
            name: "tensorbridge-soak",
            dependencies: [
                "TensorBridge", "TensorBridgeDLPack", "TensorBridgePython", "TensorBridgeFormats",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Tests/Executable/Soak", swiftSettings: strict),
        // Faults that end or outlive a process's normal life (SIGBUS on a truncated mapping,
        // Python finalised under live exports), run by the tests in a child process.
        .executableTarget(
            name: "tensorbridge-fault-probe",
            dependencies: ["TensorBridge", "TensorBridgeDLPack", "TensorBridgePython", "TensorBridgeFormats"],
            path: "Tests/Executable/FaultProbe", swiftSettings: strict),
        // Examples/: small runnable programs; scripts/check-examples runs each against its expected.txt.
        .executableTarget(name: "example-tensor-to-numpy", dependencies: ["TensorBridge", "TensorBridgePython"],
                          path: "Examples/TensorToNumPy", exclude: ["expected.txt"], swiftSettings: strict),
        .executableTarget(name: "example-grayscale-batch", dependencies: ["TensorBridge", "TensorBridgePython"],
                          path: "Examples/GrayscaleBatch", exclude: ["expected.txt"], swiftSettings: strict),
        .executableTarget(name: "example-sparse-to-dense", dependencies: ["TensorBridge", "TensorBridgePython"],
                          path: "Examples/SparseToDense", exclude: ["expected.txt"], swiftSettings: strict),
        .executableTarget(name: "example-plot-png", dependencies: ["TensorBridge", "TensorBridgePython"],
                          path: "Examples/PlotPNG", exclude: ["expected.txt"], swiftSettings: strict),
        .executableTarget(name: "example-safetensors-inspect", dependencies: ["TensorBridge", "TensorBridgeFormats"],
                          path: "Examples/SafetensorsInspect", exclude: ["expected.txt"], swiftSettings: strict),
        .executableTarget(name: "example-checkpoint-to-safetensors",
                          dependencies: ["TensorBridge", "TensorBridgeFormats", "TensorBridgeTFFormats"],
                          path: "Examples/CheckpointToSafetensors", exclude: ["expected.txt"], swiftSettings: strict),
        .executableTarget(name: "example-dlpack-tensorflow", dependencies: ["TensorBridge", "TensorBridgePython"],
                          path: "Examples/DLPackTensorFlow", exclude: ["expected.txt"], swiftSettings: strict),
        // Helpers several test targets share (counted storages, temporary files, the huge-test lock).
        .target(name: "TensorBridgeTestSupport", dependencies: ["TensorBridge"],
                path: "Tests/TensorBridgeTestSupport", swiftSettings: strict),
        .testTarget(name: "TensorBridgeTests", dependencies: ["TensorBridge", "TensorBridgeTestSupport"],
                    resources: [.copy("Golden")], swiftSettings: strict),
        .testTarget(name: "TensorBridgeDLPackTests", dependencies: ["TensorBridgeDLPack", "TensorBridgeTestSupport"],
                    swiftSettings: strict),
        .testTarget(name: "TensorBridgeCUDATests", dependencies: ["TensorBridgeCUDA", "tensorbridge-device-check", "TensorBridgeTestSupport"],
                    swiftSettings: strict),
        .testTarget(name: "TensorBridgePythonTests", dependencies: ["TensorBridgePython", "TensorBridgeTestSupport"],
                    swiftSettings: strict),
        .testTarget(name: "TensorBridgeFormatsTests", dependencies: ["TensorBridgeFormats", "TensorBridgeTestSupport"],
                    resources: [.copy("Fixtures")], swiftSettings: strict),
        // The `tensorbridge` command line, run as a child process (it must be built first).
        .testTarget(name: "TensorBridgeCLITests",
                    dependencies: ["tensorbridge", "TensorBridgeFormats", "TensorBridgeTestSupport"],
                    swiftSettings: strict),
        .testTarget(name: "TensorBridgeTFFormatsTests", dependencies: ["TensorBridgeTFFormats", "TensorBridgeTestSupport"],
                    resources: [.copy("Fixtures")], swiftSettings: strict),
        // Faults: full disks, truncated mappings, Python raising or shutting down under us.
        .testTarget(name: "TensorBridgeFaultTests",
                    dependencies: ["TensorBridgeFormats", "TensorBridgeDLPack", "TensorBridgePython", "TensorBridgeTestSupport"],
                    swiftSettings: strict),
    ]
)
