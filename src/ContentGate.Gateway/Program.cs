using ContentGate.Gateway;

// ContentGate in front of a site that is not an ASP.NET Core app. Everything is configured in appsettings.json (in
// the directory the gateway is started from): YARP's "ReverseProxy" section for routes and clusters, the
// "ContentGate" section for the rules, "Gateway:TrustedProxies" for the CDN or load balancer in front.

// Before any socket exists: socket completions run on the event threads (see SocketCompletions).
SocketCompletions.PreferInline();

var builder = WebApplication.CreateBuilder(args);
GatewayPipeline.AddServices(builder);

var app = builder.Build();
GatewayPipeline.Use(app);

app.Run();
