namespace Capsule.Wit.Tests;

/// <summary>Names that lead nowhere, twice-defined names and cycles are errors at the place written.</summary>
public class ResolutionErrorTests
{
    [Theory]
    [InlineData("package a:b;\ninterface i {\n  f: func(x: thing);\n}", 3, 14,
        "type `thing` is not defined in interface `a:b/i`: expected a type defined there or named in a `use`")]
    [InlineData("package a:b;\ninterface i {\n  use missing.{t};\n}", 3, 7, "expected an interface: package `a:b` has no interface `missing`")]
    [InlineData("package a:b;\ninterface i { type t = u8; }\ninterface j {\n  use i.{t, u};\n}", 4, 13, "interface `a:b/i` has no type `u`")]
    [InlineData("package a:b;\ninterface i {\n  use wasi:io/streams@0.2.9.{t};\n}", 3, 7,
        "package `wasi:io@0.2.9` is not among the packages read (found none of that name)")]
    [InlineData("package a:b;\ninterface i {\n  type t = u8;\n  record t { x: u8 }\n}", 4, 10,
        "`t` is defined twice in interface `a:b/i` (first at line 3, column 8)")]
    [InlineData("package a:b;\ninterface i {\n  t: func();\n  type t = u8;\n}", 4, 8, "`t` is defined twice in interface `a:b/i` (first at line 3, column 3)")]
    [InlineData("package a:b;\ninterface i {}\nworld i {}", 3, 1, "`i` is defined twice in package `a:b` (first at test.wit:2:1)")]
    [InlineData("package a:b;\ninterface i {\n  record a { b: b }\n  record b { a: list<a> }\n}", 3, 10, "type `a` contains itself")]
    [InlineData("package a:b;\ninterface i {\n  use j.{t};\n  type u = u8;\n}\ninterface j {\n  use i.{u};\n  type t = u8;\n}", 2, 1,
        "interface `i` depends on itself through `use`")]
    [InlineData("package a:b;\nworld w {\n  include v;\n}\nworld v {\n  include w;\n}", 2, 1, "world `w` includes itself")]
    [InlineData("package a:b;\ninterface i {\n  record r { x: u8 }\n  f: func(x: borrow<r>);\n}", 4, 21,
        "`r` is not a resource: `own<..>` and `borrow<..>` take a resource")]
    [InlineData("package a:b;\ninterface i {\n  f: func();\n  g: func(x: f);\n}", 4, 14, "`f` is a function in interface `a:b/i`, not a type")]
    [InlineData("package a:b;\ninterface i { f: func(); }\nworld w {\n  import i;\n  import i;\n}", 5, 3, "world `w` has `a:b/i` as import twice")]
    [InlineData("package a:b;\nworld v { import f: func(); }\nworld w {\n  include v with { g as h }\n}", 4, 20, "world `a:b/v` has no import or export `g` to rename")]
    [InlineData("package a:b;\nworld v { import f: func(); }\nworld w {\n  import f: func();\n  include v;\n}", 5, 3,
        "`include v` brings import `f`, which world `w` already has: rename it with `with { f as .. }`")]
    [InlineData("package a:b;\nworld v {}\nworld w {\n  export v;\n}", 4, 10, "expected an interface: package `a:b` has no interface `v` (it is a world)")]
    [InlineData("package a:b;\ninterface i {\n  record r { x: u8, x: u16 }\n}", 3, 21, "field `x` is written twice")]
    [InlineData("package a:b;\ninterface i {\n  enum e {}\n}", 3, 8, "`e` has no case: expected at least one")]
    [InlineData("package a:b;\ninterface i {\n  resource r { m: func(self: u8); }\n}", 3, 24, "parameter `self` of `m` is written twice")]
    [InlineData("package a:b;\ninterface i {\n  resource r { constructor(); constructor(); }\n}", 3, 31, "resource `r` has a second constructor")]
    [InlineData("package a:b;\ninterface i {\n  resource r;\n  record holder { r: borrow<r> }\n  f: func() -> option<holder>;\n}", 5, 16,
        "the result of `f` contains a `borrow<..>`: a function can only return owned handles")]
    [InlineData("package a:b;\ninterface i {}\nuse j as k;", 3, 5, "package `a:b` has no interface or world `j`")]
    public void A_name_that_does_not_resolve_or_a_broken_rule_is_an_error_at_the_place_it_is_written(string text, int line, int column, string reason)
    {
        var error = Wit.Error(text);

        Assert.Equal(reason, error.Reason);
        Assert.Equal((line, column), (error.Line, error.Column));
    }

    [Fact]
    public void A_package_found_with_another_version_is_named_in_the_error()
    {
        var error = Wit.Error(
            new WitSource("io/io.wit", "package wasi:io@0.2.12;\ninterface streams {}"),
            new WitSource("app/app.wit", "package my:app;\nworld w {\n  import wasi:io/streams@0.2.0;\n}"));

        Assert.Equal("app/app.wit:3:10: package `wasi:io@0.2.0` is not among the packages read (found `wasi:io@0.2.12`)", error.Message);
    }

    [Fact]
    public void The_files_of_a_folder_must_declare_one_package_and_at_least_one_must_declare_it()
    {
        var differ = Wit.Error(new WitSource("p/a.wit", "package a:b;"), new WitSource("p/b.wit", "package a:c;"));
        var none = Wit.Error(new WitSource("p/a.wit", "interface i {}"));

        Assert.Equal("p/b.wit:1:1: package `a:c` differs from `a:b` declared in p/a.wit: the files of a folder make one package", differ.Message);
        Assert.Equal("p/a.wit:1:1: expected a `package namespace:name;` line in this file or another of its folder", none.Message);
    }

    [Fact]
    public void A_gated_item_left_out_cannot_be_used_by_an_item_that_stays()
    {
        var error = Wit.Error("package a:b;\ninterface i {\n  @unstable(feature = x)\n  type t = u8;\n  f: func() -> t;\n}");

        Assert.Equal((5, 16), (error.Line, error.Column));
        Assert.StartsWith("type `t` is not defined", error.Reason);
    }
}
