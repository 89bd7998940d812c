namespace ContentGate.Testing.MaxMind;

/// <summary>
/// The data field types of the MaxMind DB format, numbered as in the specification.
/// </summary>
internal enum MaxMindDataType : byte
{
    Pointer = 1,
    Utf8String = 2,
    Double = 3,
    Bytes = 4,
    UInt16 = 5,
    UInt32 = 6,
    Map = 7,
    Int32 = 8,
    UInt64 = 9,
    UInt128 = 10,
    Array = 11,
    DataCacheContainer = 12,
    EndMarker = 13,
    Boolean = 14,
    Float = 15,
}
