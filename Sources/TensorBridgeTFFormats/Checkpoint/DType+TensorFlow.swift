import TensorBridge
import TensorBridgeFormats

extension DType {
    /// The dtype of a `DataType` enum value from a TensorFlow proto. TensorBridge's raw values
    /// are TensorFlow's `DataType` numbers (tensorflow/core/framework/types.proto).
    init(tensorFlow value: Int, what: @autoclosure () -> String) throws {
        guard let raw = Int32(exactly: value), let dtype = DType(rawValue: raw), dtype.isMaterializable else {
            let name = Tensorflow_DataType(rawValue: value).map { "\($0)" } ?? "\(value)"
            throw TensorBridgeError.unsupported("\(what()) has dtype \(name), which TensorBridge cannot hold as a tensor")
        }
        self = dtype
    }

    /// The name `saved_model_cli` prints for this dtype, such as `DT_FLOAT`.
    static func protoName(_ value: Int) -> String {
        switch value {
        case 0: "DT_INVALID"
        case 1: "DT_FLOAT"
        case 2: "DT_DOUBLE"
        case 3: "DT_INT32"
        case 4: "DT_UINT8"
        case 5: "DT_INT16"
        case 6: "DT_INT8"
        case 7: "DT_STRING"
        case 8: "DT_COMPLEX64"
        case 9: "DT_INT64"
        case 10: "DT_BOOL"
        case 11: "DT_QINT8"
        case 12: "DT_QUINT8"
        case 13: "DT_QINT32"
        case 14: "DT_BFLOAT16"
        case 15: "DT_QINT16"
        case 16: "DT_QUINT16"
        case 17: "DT_UINT16"
        case 18: "DT_COMPLEX128"
        case 19: "DT_HALF"
        case 20: "DT_RESOURCE"
        case 21: "DT_VARIANT"
        case 22: "DT_UINT32"
        case 23: "DT_UINT64"
        case 24: "DT_FLOAT8_E5M2"
        case 25: "DT_FLOAT8_E4M3FN"
        default: "DT_\(value)"
        }
    }

    /// How the element's bytes must be aligned to be read in place (complex numbers align to
    /// their parts).
    var elementAlignment: Int {
        let size = byteSize ?? 1
        return isComplex ? size / 2 : size
    }
}
