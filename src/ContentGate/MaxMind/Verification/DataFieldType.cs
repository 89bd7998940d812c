namespace ContentGate.MaxMind.Verification;

/// <summary>The data field types of the MaxMind DB format, numbered as in its specification.</summary>
internal enum DataFieldType : byte
{
    /// <summary>Not a type: the type is in the next byte.</summary>
    Extended = 0,
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

    /// <summary>Deprecated; never used in a database, and no reader decodes it.</summary>
    DataCacheContainer = 12,

    /// <summary>Deprecated; never used in a database, and no reader decodes it.</summary>
    EndMarker = 13,
    Boolean = 14,
    Float = 15,
}
