namespace ContentGate.Tests;

public sealed class EditDistanceTests
{
    [Theory]
    [InlineData("34", "43", 1)]
    [InlineData("abc", "bac", 1)]
    [InlineData("ca", "abc", 3)]
    [InlineData("kitten", "sitting", 3)]
    public void EditDistance_WithTranspositions_CountsASwapOfNeighboursAsOneEdit(string a, string b, int distance)
    {
        Assert.Equal(distance, EditDistance.WithTranspositions(a, b));
        Assert.True(EditDistance.Between(a, b) >= distance);
    }
}
