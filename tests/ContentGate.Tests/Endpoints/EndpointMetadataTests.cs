using ContentGate.Endpoints;
using ContentGate.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace ContentGate.Tests.Endpoints;

/// <summary>The attributes, the conventions and what the middleware reads from them.</summary>
public sealed class EndpointMetadataTests
{
    private static Endpoint Build(Action<TestConventionBuilder> conventions, params object[] metadata)
    {
        var builder = new TestConventionBuilder();
        conventions(builder);
        var endpoint = new RouteEndpointBuilder(_ => Task.CompletedTask, RoutePatternFactory.Parse("/articles/{slug}"), 0);
        foreach (var item in metadata)
        {
            endpoint.Metadata.Add(item);
        }

        builder.Apply(endpoint);
        return endpoint.Build();
    }

    [Fact]
    public void RegionPolicyAttribute_WithNames_KeepsThemTrimmedAndOnce()
    {
        var attribute = new RegionPolicyAttribute("kz-court-order", " undesirable-organization ", "KZ-COURT-ORDER");

        Assert.Equal(["kz-court-order", "undesirable-organization"], attribute.PolicyNames);
    }

    [Fact]
    public void RegionPolicyAttribute_WithNoNameOrEmptyName_Throws()
    {
        Assert.Throws<ArgumentException>(() => new RegionPolicyAttribute());
        Assert.Throws<ArgumentException>(() => new RegionPolicyAttribute("kz-court-order", " "));
        Assert.Throws<ArgumentNullException>(() => new RegionPolicyAttribute(null!));
    }

    [Fact]
    public void Attributes_CanBeUsedOnClassesAndMethods_RegionPolicyRepeatedly()
    {
        var regionPolicy = Assert.Single(typeof(RegionPolicyAttribute).GetCustomAttributes(typeof(AttributeUsageAttribute), false).Cast<AttributeUsageAttribute>());
        var skip = Assert.Single(typeof(SkipContentGateAttribute).GetCustomAttributes(typeof(AttributeUsageAttribute), false).Cast<AttributeUsageAttribute>());

        Assert.Equal(AttributeTargets.Class | AttributeTargets.Method, regionPolicy.ValidOn);
        Assert.True(regionPolicy.AllowMultiple);
        Assert.Equal(AttributeTargets.Class | AttributeTargets.Method, skip.ValidOn);
        Assert.False(skip.AllowMultiple);
    }

    [Fact]
    public void RequireRegionPolicy_AddsRegionPolicyMetadata()
    {
        var endpoint = Build(b => b.RequireRegionPolicy("kz-court-order", "undesirable-organization"));

        var metadata = Assert.Single(endpoint.Metadata.GetOrderedMetadata<RegionPolicyAttribute>());
        Assert.Equal(["kz-court-order", "undesirable-organization"], metadata.PolicyNames);
    }

    [Fact]
    public void RequireRegionPolicy_WithNoName_ThrowsAtTheCall()
    {
        var builder = new TestConventionBuilder();

        Assert.Throws<ArgumentException>(() => builder.RequireRegionPolicy());
        Assert.Throws<ArgumentException>(() => builder.RequireRegionPolicy(string.Empty));
        Assert.Throws<ArgumentNullException>(() => ((TestConventionBuilder)null!).RequireRegionPolicy("x"));
    }

    [Fact]
    public void RequireRegionPolicy_ReturnsTheSameBuilderForChaining()
    {
        var builder = new TestConventionBuilder();

        Assert.Same(builder, builder.RequireRegionPolicy("x").SkipContentGate());
    }

    [Fact]
    public void SkipContentGate_AddsTheSharedSkipMetadata()
    {
        var endpoint = Build(b => b.SkipContentGate());

        Assert.Same(SkipContentGateAttribute.Instance, endpoint.Metadata.GetMetadata<SkipContentGateAttribute>());
        Assert.True(EndpointPolicies.IsSkipped(endpoint));
    }

    [Fact]
    public void IsSkipped_WithoutEndpointOrMetadata_IsFalse()
    {
        Assert.False(EndpointPolicies.IsSkipped(null));
        Assert.False(EndpointPolicies.IsSkipped(Build(_ => { })));
        Assert.True(EndpointPolicies.IsSkipped(Build(_ => { }, new SkipContentGateAttribute())));
    }

    [Fact]
    public void PolicyNames_WithoutEndpointOrMetadata_ReturnsTheSameEmptyList()
    {
        var none = EndpointPolicies.PolicyNames(null);

        Assert.Empty(none);
        Assert.Same(none, EndpointPolicies.PolicyNames(Build(_ => { })));
        Assert.Same(none, EndpointPolicies.PolicyNames(Build(b => b.SkipContentGate())));
    }

    [Fact]
    public void PolicyNames_WithOneAttribute_ReturnsItsListWithoutCopying()
    {
        var attribute = new RegionPolicyAttribute("kz-court-order");
        var endpoint = Build(_ => { }, attribute);

        Assert.Same(attribute.PolicyNames, EndpointPolicies.PolicyNames(endpoint));
    }

    [Fact]
    public void PolicyNames_WithClassAndMethodAttributesAndConventions_CombinesEveryNameOnceInOrder()
    {
        var endpoint = Build(
            b => b.RequireRegionPolicy("donation-notice", "KZ-COURT-ORDER"),
            new RegionPolicyAttribute("undesirable-organization"),   // class
            new RegionPolicyAttribute("kz-court-order"));            // method

        Assert.Equal(["undesirable-organization", "kz-court-order", "donation-notice"], EndpointPolicies.PolicyNames(endpoint));
        Assert.True(EndpointPolicies.Names(endpoint, "Donation-Notice"));
        Assert.False(EndpointPolicies.Names(endpoint, "other"));
    }

    [Fact]
    public void PolicyNames_AllocatesNothingWhenThereIsNoOrOneAttribute_AndNamesNeverDoes()
    {
        var none = Build(_ => { });
        var one = Build(b => b.RequireRegionPolicy("kz-court-order"));
        var two = Build(b => b.RequireRegionPolicy("kz-court-order"), new RegionPolicyAttribute("undesirable-organization"));
        // The first look-up of a metadata type caches its array in the collection; after that, nothing allocates.
        EndpointPolicies.PolicyNames(none);
        EndpointPolicies.PolicyNames(one);
        EndpointPolicies.IsSkipped(one);
        EndpointPolicies.Names(two, "kz-court-order");

        Assert.Equal(0, Allocations.Fewest(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                EndpointPolicies.PolicyNames(none);
                EndpointPolicies.PolicyNames(one);
                EndpointPolicies.IsSkipped(one);
                Assert.True(EndpointPolicies.Names(two, "KZ-COURT-ORDER"));
                Assert.False(EndpointPolicies.Names(one, "undesirable-organization"));
            }
        }));
    }

    private sealed class TestConventionBuilder : IEndpointConventionBuilder
    {
        private readonly List<Action<EndpointBuilder>> _conventions = [];

        public void Add(Action<EndpointBuilder> convention) => _conventions.Add(convention);

        public void Apply(EndpointBuilder builder)
        {
            foreach (var convention in _conventions)
            {
                convention(builder);
            }
        }
    }
}
