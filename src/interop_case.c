/*
 * interop_case.c - 1EdTech CASE 1.0 packages: case_document, case_items and
 * case_associations.
 *
 * The package is read in place (no per-item jsonb copies): items are visited
 * with getIthJsonbValueFromContainer, the fields of each are looked up by key
 * (iop_fields, on jsonb's public API), and the rows go into a materialized
 * tuplestore.  Any invalid
 * item raises an error naming its index and field, so nothing of a package is
 * returned unless all of it is valid.
 */
#include "interop_json.h"

#include "utils/builtins.h"

PG_FUNCTION_INFO_V1(mastery_case_document);
PG_FUNCTION_INFO_V1(mastery_case_items);
PG_FUNCTION_INFO_V1(mastery_case_associations);

#define CASE_KIND "CASE package"

static JsonbContainer *
package_root(Jsonb *jb, IopLoc *loc)
{
	iop_loc_init(loc, CASE_KIND, "package");
	if (!iop_root_is_object(jb))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid CASE package: expected a JSON object, got %s",
						iop_root_type_name(jb)),
				 errdetail("A CASE package is an object with the keys CFDocument, CFItems and CFAssociations.")));
	return &jb->root;
}

/* The package's own CFDocument identifier (NULL when there is no CFDocument). */
static text *
package_document_identifier(JsonbContainer *root, const IopLoc *loc)
{
	JsonbContainer *doc = iop_object(root, "CFDocument", loc, false);
	IopLoc		dloc;

	if (doc == NULL)
		return NULL;
	iop_loc_child(&dloc, loc, "CFDocument");
	return iop_text(doc, "identifier", &dloc, true);
}

/*
 * Identifier of the document an item or association belongs to: its
 * CFDocumentURI.identifier when CFDocumentURI is a link object, else the
 * package's document (some exports give CFDocumentURI as a bare URI string).
 */
static text *
member_document_identifier(const JsonbValue *v, const IopLoc *loc, text *fallback)
{
	if (v->type == jbvBinary)
	{
		JsonbContainer *link = iop_object_v(v, "CFDocumentURI", loc, false);
		IopLoc		lloc;
		text	   *id;

		iop_loc_child(&lloc, loc, "CFDocumentURI");
		id = iop_text(link, "identifier", &lloc, false);
		if (id != NULL)
			return id;
	}
	else if (v->type != jbvNull && v->type != jbvString)
		iop_error(loc, "CFDocumentURI", ERRCODE_INVALID_PARAMETER_VALUE,
				  "CFDocumentURI is a link object with an identifier, or a URI string.",
				  "must be an object or a string, not %s", iop_type_name(v));
	return fallback;
}

static inline void
set_text(Datum *values, bool *nulls, int i, text *t)
{
	nulls[i] = (t == NULL);
	values[i] = t ? PointerGetDatum(t) : (Datum) 0;
}

/* case_document(package jsonb) */
#define DOC_NCOLS 13
Datum
mastery_case_document(PG_FUNCTION_ARGS)
{
	Jsonb	   *jb = PG_GETARG_JSONB_P(0);
	IopLoc		loc,
				dloc;
	JsonbContainer *root = package_root(jb, &loc);
	JsonbContainer *doc;
	IopSrf		srf;
	Datum		values[DOC_NCOLS];
	bool		nulls[DOC_NCOLS];
	ArrayType  *subject;
	TimestampTz ts;
	JsonbValue	v;

	doc = iop_object(root, "CFDocument", &loc, true);
	iop_loc_child(&dloc, &loc, "CFDocument");
	iop_srf_begin(fcinfo, &srf);

	set_text(values, nulls, 0, iop_text(doc, "identifier", &dloc, true));
	set_text(values, nulls, 1, iop_text(doc, "uri", &dloc, false));
	set_text(values, nulls, 2, iop_text(doc, "title", &dloc, false));
	set_text(values, nulls, 3, iop_text(doc, "creator", &dloc, false));
	set_text(values, nulls, 4, iop_text(doc, "publisher", &dloc, false));
	set_text(values, nulls, 5, iop_text(doc, "description", &dloc, false));
	subject = iop_text_array(doc, "subject", &dloc, false);
	nulls[6] = (subject == NULL);
	values[6] = subject ? PointerGetDatum(subject) : (Datum) 0;
	set_text(values, nulls, 7, iop_text(doc, "language", &dloc, false));
	set_text(values, nulls, 8, iop_text(doc, "version", &dloc, false));
	set_text(values, nulls, 9, iop_text(doc, "adoptionStatus", &dloc, false));
	set_text(values, nulls, 10, iop_text(doc, "officialSourceURL", &dloc, false));
	nulls[11] = !iop_timestamptz(doc, "lastChangeDateTime", &dloc, &ts);
	values[11] = nulls[11] ? (Datum) 0 : TimestampTzGetDatum(ts);
	/* CFPackageURI: a link object, or (in some exports) a bare URI string */
	nulls[12] = true;
	values[12] = (Datum) 0;
	if (iop_get(doc, "CFPackageURI", &v))
	{
		text	   *t = NULL;

		if (v.type == jbvString)
			t = iop_text(doc, "CFPackageURI", &dloc, false);
		else
		{
			JsonbContainer *link = iop_object(doc, "CFPackageURI", &dloc, false);
			IopLoc		lloc;

			iop_loc_child(&lloc, &dloc, "CFPackageURI");
			t = iop_text(link, "uri", &lloc, false);
		}
		set_text(values, nulls, 12, t);
	}
	iop_srf_row(&srf, values, nulls);
	PG_RETURN_NULL();
}

/* the CFItem fields we read, fetched in one pass */
enum
{
	IF_IDENTIFIER, IF_URI, IF_HCS, IF_FULL, IF_ABBR, IF_TYPE, IF_TYPEURI, IF_LEVEL,
	IF_LEVEL2, IF_LISTENUM, IF_LANG, IF_CHANGED, IF_DOCURI, IF_COUNT
};
static IopFieldSet item_fields = {
	IF_COUNT,
	{"identifier", "uri", "humanCodingScheme", "fullStatement", "abbreviatedStatement",
		"CFItemType", "CFItemTypeURI", "educationLevel", "educationalLevel",
	"listEnumeration", "language", "lastChangeDateTime", "CFDocumentURI"}
};

/* case_items(package jsonb) */
#define ITEM_NCOLS 11
Datum
mastery_case_items(PG_FUNCTION_ARGS)
{
	Jsonb	   *jb = PG_GETARG_JSONB_P(0);
	IopLoc		loc,
				iloc;
	JsonbContainer *root = package_root(jb, &loc);
	JsonbContainer *items;
	text	   *doc_id;
	IopSrf		srf;
	int			n;

	doc_id = package_document_identifier(root, &loc);
	items = iop_array(root, "CFItems", &loc, false);
	iop_srf_begin(fcinfo, &srf);
	if (items == NULL)
		PG_RETURN_NULL();

	n = (int) JsonContainerSize(items);
	for (int i = 0; i < n; i++)
	{
		Datum		values[ITEM_NCOLS];
		bool		nulls[ITEM_NCOLS];
		JsonbContainer *item;
		MemoryContext old;
		ArrayType  *levels;
		TimestampTz ts;
		text	   *type;
		JsonbValue	f[IF_COUNT];

		CHECK_FOR_INTERRUPTS();
		old = MemoryContextSwitchTo(srf.row_cxt);
		iop_loc_index(&iloc, &loc, "CFItems", i);
		item = iop_array_object(items, i, &iloc);

		iop_fields(item, &item_fields, f);
		set_text(values, nulls, 0, iop_text_v(&f[IF_IDENTIFIER], "identifier", &iloc, true));
		set_text(values, nulls, 1, iop_text_v(&f[IF_URI], "uri", &iloc, false));
		set_text(values, nulls, 2, iop_text_v(&f[IF_HCS], "humanCodingScheme", &iloc, false));
		set_text(values, nulls, 3, iop_text_v(&f[IF_FULL], "fullStatement", &iloc, false));
		set_text(values, nulls, 4, iop_text_v(&f[IF_ABBR], "abbreviatedStatement", &iloc, false));
		type = iop_text_v(&f[IF_TYPE], "CFItemType", &iloc, false);
		if (type == NULL)
		{
			JsonbContainer *link = iop_object_v(&f[IF_TYPEURI], "CFItemTypeURI", &iloc, false);

			if (link != NULL)
			{
				IopLoc		lloc;

				iop_loc_child(&lloc, &iloc, "CFItemTypeURI");
				type = iop_text(link, "title", &lloc, false);
			}
		}
		set_text(values, nulls, 5, type);
		levels = iop_text_array_v(&f[IF_LEVEL], "educationLevel", &iloc, true);
		if (levels == NULL)		/* a common misspelling in real exports */
			levels = iop_text_array_v(&f[IF_LEVEL2], "educationalLevel", &iloc, true);
		nulls[6] = (levels == NULL);
		values[6] = levels ? PointerGetDatum(levels) : (Datum) 0;
		set_text(values, nulls, 7, iop_text_v(&f[IF_LISTENUM], "listEnumeration", &iloc, false));
		set_text(values, nulls, 8, iop_text_v(&f[IF_LANG], "language", &iloc, false));
		nulls[9] = !iop_timestamptz_v(&f[IF_CHANGED], "lastChangeDateTime", &iloc, &ts);
		values[9] = nulls[9] ? (Datum) 0 : TimestampTzGetDatum(ts);
		set_text(values, nulls, 10, member_document_identifier(&f[IF_DOCURI], &iloc, doc_id));

		MemoryContextSwitchTo(old);
		iop_srf_row(&srf, values, nulls);
	}
	PG_RETURN_NULL();
}

/* the LinkURI fields (originNodeURI, destinationNodeURI) */
enum
{
	LF_IDENTIFIER, LF_URI, LF_TITLE, LF_COUNT
};
static IopFieldSet link_fields = {LF_COUNT, {"identifier", "uri", "title"}};

/* identifier, uri and title of a LinkURI object into values[first..first+2] */
static void
node_link(const JsonbValue *v, const char *key, const IopLoc *aloc,
		  Datum *values, bool *nulls, int first)
{
	JsonbContainer *link = iop_object_v(v, key, aloc, true);
	JsonbValue	f[LF_COUNT];
	IopLoc		lloc;

	iop_loc_child(&lloc, aloc, key);
	iop_fields(link, &link_fields, f);
	set_text(values, nulls, first, iop_text_v(&f[LF_IDENTIFIER], "identifier", &lloc, true));
	set_text(values, nulls, first + 1, iop_text_v(&f[LF_URI], "uri", &lloc, false));
	set_text(values, nulls, first + 2, iop_text_v(&f[LF_TITLE], "title", &lloc, false));
}

/* the CFAssociation fields we read */
enum
{
	AF_IDENTIFIER, AF_URI, AF_TYPE, AF_ORIGIN, AF_DEST, AF_SEQ, AF_CHANGED, AF_DOCURI, AF_COUNT
};
static IopFieldSet assoc_fields = {
	AF_COUNT,
	{"identifier", "uri", "associationType", "originNodeURI", "destinationNodeURI",
	"sequenceNumber", "lastChangeDateTime", "CFDocumentURI"}
};

/* case_associations(package jsonb) */
#define ASSOC_NCOLS 12
Datum
mastery_case_associations(PG_FUNCTION_ARGS)
{
	Jsonb	   *jb = PG_GETARG_JSONB_P(0);
	IopLoc		loc,
				aloc;
	JsonbContainer *root = package_root(jb, &loc);
	JsonbContainer *assocs;
	text	   *doc_id;
	IopSrf		srf;
	int			n;

	doc_id = package_document_identifier(root, &loc);
	assocs = iop_array(root, "CFAssociations", &loc, false);
	iop_srf_begin(fcinfo, &srf);
	if (assocs == NULL)
		PG_RETURN_NULL();

	n = (int) JsonContainerSize(assocs);
	for (int i = 0; i < n; i++)
	{
		Datum		values[ASSOC_NCOLS];
		bool		nulls[ASSOC_NCOLS];
		JsonbContainer *assoc;
		MemoryContext old;
		TimestampTz ts;
		int32		seq;
		JsonbValue	f[AF_COUNT];

		CHECK_FOR_INTERRUPTS();
		old = MemoryContextSwitchTo(srf.row_cxt);
		iop_loc_index(&aloc, &loc, "CFAssociations", i);
		assoc = iop_array_object(assocs, i, &aloc);

		iop_fields(assoc, &assoc_fields, f);
		set_text(values, nulls, 0, iop_text_v(&f[AF_IDENTIFIER], "identifier", &aloc, true));
		set_text(values, nulls, 1, iop_text_v(&f[AF_URI], "uri", &aloc, false));
		set_text(values, nulls, 2, iop_text_v(&f[AF_TYPE], "associationType", &aloc, true));
		node_link(&f[AF_ORIGIN], "originNodeURI", &aloc, values, nulls, 3);
		node_link(&f[AF_DEST], "destinationNodeURI", &aloc, values, nulls, 6);
		nulls[9] = !iop_int4_v(&f[AF_SEQ], "sequenceNumber", &aloc, &seq);
		values[9] = nulls[9] ? (Datum) 0 : Int32GetDatum(seq);
		nulls[10] = !iop_timestamptz_v(&f[AF_CHANGED], "lastChangeDateTime", &aloc, &ts);
		values[10] = nulls[10] ? (Datum) 0 : TimestampTzGetDatum(ts);
		set_text(values, nulls, 11, member_document_identifier(&f[AF_DOCURI], &aloc, doc_id));

		MemoryContextSwitchTo(old);
		iop_srf_row(&srf, values, nulls);
	}
	PG_RETURN_NULL();
}
