namespace Capsule.Runtime.Components.Binary;

/// <summary>Declarations of component and instance types, each read in a type scope of its own.</summary>
internal sealed partial class ComponentParser
{
    // componentdecl ::= 0x03 importdecl | instancedecl
    // instancedecl ::= 0x00 core:type | 0x01 type | 0x02 alias | 0x04 exportdecl
    private IReadOnlyList<TypeDeclaration> ReadDeclarations(ref BinaryCursor cursor, Scope parent, bool isComponent)
    {
        var scope = new Scope(parent, isComponent: false);
        if (scope.Depth >= _limits.MaxNesting)
        {
            throw cursor.Error($"types nested more than {_limits.MaxNesting} deep");
        }
        var count = cursor.ReadCount(isComponent ? "component type declarations" : "instance type declarations");
        var declarations = new List<TypeDeclaration>(count);
        for (var i = 0; i < count; i++)
        {
            var at = cursor.Offset;
            var kind = cursor.ReadByte();
            switch (kind)
            {
                case 0x00:
                    var coreType = ReadCoreType(ref cursor, scope, allowModule: true);
                    AddCoreType(ref cursor, scope, (coreType as CoreTypeDefinition.Func)?.Type, null);
                    declarations.Add(new TypeDeclaration.CoreType(coreType));
                    break;
                case 0x01:
                    var type = ReadDefinedType(ref cursor, scope);
                    Add(ref cursor, scope, Sort.Type, null);
                    declarations.Add(new TypeDeclaration.Type(type));
                    break;
                case 0x02:
                    var (sort, target, outer) = ReadAlias(ref cursor, scope);
                    var allowed = target is AliasTarget.Outer ? sort is Sort.Type or Sort.CoreType : sort is Sort.Type or Sort.Instance;
                    if (!allowed || target is AliasTarget.CoreInstanceExport)
                    {
                        throw cursor.ErrorAt(at, $"a {sort.Name()} alias of this kind cannot be declared in a type");
                    }
                    AddAliased(ref cursor, scope, sort, target, outer);
                    declarations.Add(new TypeDeclaration.Alias(sort, target));
                    break;
                case 0x03 when isComponent:
                case 0x04:
                    var name = ReadExternName(ref cursor, kind == 0x03 ? "import name" : "export name");
                    var desc = ReadExternDesc(ref cursor, scope);
                    if (!(kind == 0x03 ? scope.ImportNames : scope.ExportNames).Add(name))
                    {
                        throw cursor.ErrorAt(at, $"duplicate {(kind == 0x03 ? "import" : "export")} {name} in a type");
                    }
                    Add(ref cursor, scope, desc.Sort, null);
                    declarations.Add(kind == 0x03 ? new TypeDeclaration.Import(name, desc) : new TypeDeclaration.Export(name, desc));
                    break;
                default:
                    throw cursor.ErrorAt(at, $"unknown {(isComponent ? "component" : "instance")} type declaration 0x{kind:x2}");
            }
        }
        return declarations.AsReadOnly();
    }
}
