namespace Capsule.Wit.Tests;

/// <summary>Resources: constructors, methods, static functions and handles to them.</summary>
public class ResourceTests
{
    private const string Fields = """
        resource fields {
            constructor();
            from-list: static func(entries: list<tuple<string, string>>) -> result<fields, string>;
            get: func(name: string) -> list<string>;
            clone: func() -> fields;
        }
        resource blob;
        take: func(f: own<fields>, b: borrow<blob>, g: fields);
        """;

    [Fact]
    public void A_resource_has_its_constructor_static_functions_and_methods_with_their_extern_names()
    {
        var iface = Wit.Interface(Fields);
        var fields = Assert.IsType<ResourceDef>(iface.FindType("fields"));

        var functions = iface.FunctionsOf(fields).ToList();

        Assert.Equal(
            [FunctionKind.Constructor, FunctionKind.Static, FunctionKind.Method, FunctionKind.Method],
            functions.Select(f => f.Kind));
        Assert.Equal(
            ["[constructor]fields", "[static]fields.from-list", "[method]fields.get", "[method]fields.clone"],
            functions.Select(f => f.ExternName));
        Assert.All(functions, f => Assert.Same(fields, f.Resource));
    }

    [Fact]
    public void A_method_takes_self_as_a_borrow_first_and_a_constructor_returns_an_owned_handle()
    {
        var iface = Wit.Interface(Fields);
        var fields = (ResourceDef)iface.FindType("fields")!;

        var get = iface.FindFunction("[method]fields.get")!;
        var constructor = iface.FindFunction("[constructor]fields")!;
        var fromList = iface.FindFunction("[static]fields.from-list")!;

        Assert.Equal(["self", "name"], get.Params.Select(p => p.Name));
        Assert.Equal(new HandleType(HandleKind.Borrow, fields), get.Params[0].Type);
        Assert.Empty(constructor.Params);
        Assert.Equal(new HandleType(HandleKind.Own, fields), constructor.Result);
        Assert.Equal(["entries"], fromList.Params.Select(p => p.Name));
        Assert.Equal(new HandleType(HandleKind.Own, fields), Assert.IsType<ResultType>(fromList.Result).Ok);
    }

    [Fact]
    public void Own_borrow_and_a_bare_resource_name_are_handles()
    {
        var iface = Wit.Interface(Fields);

        var take = iface.FindFunction("take")!;

        Assert.Equal(
            [(HandleKind.Own, "fields"), (HandleKind.Borrow, "blob"), (HandleKind.Own, "fields")],
            take.Params.Select(p => Assert.IsType<HandleType>(p.Type)).Select(h => (h.Kind, h.Resource.Name)));
        Assert.Equal(FunctionKind.Freestanding, take.Kind);
        Assert.Empty(iface.FunctionsOf((ResourceDef)iface.FindType("blob")!));
    }

    [Fact]
    public void A_constructor_may_return_a_result_and_a_borrow_may_go_through_an_alias()
    {
        var iface = Wit.Interface("resource conn { constructor(host: string) -> result<conn, u32>; }\ntype c = conn;\nuse-it: func(x: borrow<c>);");
        var conn = (ResourceDef)iface.FindType("conn")!;

        var result = Assert.IsType<ResultType>(iface.FindFunction("[constructor]conn")!.Result);

        Assert.Equal(new HandleType(HandleKind.Own, conn), result.Ok);
        Assert.Equal(new HandleType(HandleKind.Borrow, conn), iface.FindFunction("use-it")!.Params[0].Type);
    }

    [Fact]
    public void Functions_are_listed_in_the_order_written_with_a_resource_s_where_the_resource_is()
    {
        var iface = Wit.Interface("first: func();\nresource r { m: func(); }\nlast: func();");

        Assert.Equal(["first", "[method]r.m", "last"], iface.Functions.Select(f => f.ExternName));
        Assert.Equal(["first", "last"], iface.FreestandingFunctions.Select(f => f.Name));
    }
}
