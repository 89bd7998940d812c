namespace ContentGate.Regions;

/// <summary>One entry of the ISO 3166-2 list: the full code (<c>UA-43</c>), its name and the kind of subdivision.</summary>
/// <param name="Code">The full ISO 3166-2 code, upper case, for example <c>UA-43</c>.</param>
/// <param name="Name">The name ISO 3166-2 gives it (as Debian's iso-codes spells it), for example <c>Avtonomna Respublika Krym</c>.</param>
/// <param name="Type">The kind of subdivision, for example <c>Republic</c>, <c>Region</c>, <c>City</c>.</param>
internal sealed record IsoSubdivision(string Code, string Name, string Type);
