import Foundation
import Testing
@testable import TensorBridge

@Suite struct DTypeTests {
    @Test func everyTensorFlowDTypeHasTheSameNameEnumAndSize() throws {
        let rows = try #require(try CoreGolden.json("dtypes") as? [[String: Any]])
        #expect(rows.count == DType.allCases.count)
        for row in rows {
            let name = try #require(row["name"] as? String)
            let dtype = try #require(DType(name: name), "no DType named \(name)")
            #expect(dtype.rawValue == (row["enum"] as? NSNumber)?.int32Value, "\(name) enum")
            #expect(dtype.byteSize == (row["size"] as? NSNumber)?.intValue, "\(name) size")
            #expect(dtype.isFloatingPoint == (row["isFloating"] as? Bool), "\(name) isFloating")
            #expect(dtype.isComplex == (row["isComplex"] as? Bool), "\(name) isComplex")
            #expect(dtype.isQuantized == (row["isQuantized"] as? Bool), "\(name) isQuantized")
            #expect(dtype.isUnsigned == (row["isUnsigned"] as? Bool), "\(name) isUnsigned")
            #expect(DType(rawValue: dtype.rawValue) == dtype)
        }
    }

    @Test func scalarTypesMapToTheirDTypes() {
        #expect(Float.dtype == .float32)
        #expect(Double.dtype == .float64)
        #expect(Float16.dtype == .float16)
        #expect(BFloat16.dtype == .bfloat16)
        #expect(Int8.dtype == .int8 && Int16.dtype == .int16 && Int32.dtype == .int32 && Int64.dtype == .int64)
        #expect(UInt8.dtype == .uint8 && UInt16.dtype == .uint16 && UInt32.dtype == .uint32 && UInt64.dtype == .uint64)
        #expect(Bool.dtype == .bool && Complex64.dtype == .complex64 && Complex128.dtype == .complex128)
        #expect(QInt8.dtype == .qint8 && QUInt8.dtype == .quint8 && QInt16.dtype == .qint16)
        #expect(QUInt16.dtype == .quint16 && QInt32.dtype == .qint32)
        #expect(Float8E4M3FN.dtype == .float8_e4m3fn && Float8E5M2.dtype == .float8_e5m2)
        #expect(MemoryLayout<Complex128>.size == 16 && MemoryLayout<BFloat16>.size == 2)
    }

    @Test func resourceAndVariantRefuseEveryConversion() throws {
        for dtype in [DType.resource, .variant] {
            #expect(throws: TensorBridgeError.self) { try Tensor.zeros(shape: [2], dtype: dtype) }
            #expect(throws: TensorBridgeError.self) { try Tensor.ones(shape: [2], dtype: dtype) }
            #expect(throws: TensorBridgeError.self) { try Tensor([1.0 as Float]).cast(to: dtype) }
            #expect(throws: TensorBridgeError.self) {
                try Tensor(dtype: dtype, shape: Shape([1]), buffer: TensorBuffer.allocateHost(byteCount: 8))
            }
        }
    }

    /// bfloat16 rounding agrees with TensorFlow's cast (checked in CastTests) and with the
    /// definition: ties go to the even neighbour.
    @Test func bfloat16RoundsToNearestEven() {
        let tieDown = Float(bitPattern: 0x3F80_8000)  // halfway between 0x3F80 and 0x3F81
        let tieUp = Float(bitPattern: 0x3F81_8000)    // halfway between 0x3F81 and 0x3F82
        #expect(BFloat16(tieDown).bitPattern == 0x3F80)
        #expect(BFloat16(tieUp).bitPattern == 0x3F82)
        #expect(BFloat16(Float.nan).floatValue.isNaN)
        #expect(BFloat16(Float.infinity).floatValue == .infinity)
        #expect(BFloat16(Float(1.5)).floatValue == 1.5)
    }

    @Test func float8EncodesAndDecodesEveryFiniteValueExactly() {
        for bits in UInt8.min...UInt8.max {
            let e4 = Float8E4M3FN(bitPattern: bits)
            if !e4.floatValue.isNaN {
                #expect(Float8E4M3FN(e4.floatValue).bitPattern == bits, "e4m3fn \(bits)")
            }
            let e5 = Float8E5M2(bitPattern: bits)
            if !e5.floatValue.isNaN {
                #expect(Float8E5M2(e5.floatValue).bitPattern == bits, "e5m2 \(bits)")
            }
        }
        #expect(Float8E4M3FN(bitPattern: 0x7E).floatValue == 448)
        #expect(Float8E5M2(bitPattern: 0x7B).floatValue == 57344)
    }
}
