/* yamldoc.h - a YAML document as libyaml's yaml_parser_load builds it, but
 * for aliases. There an alias (*a) is its anchor's node (&a) itself, so a
 * message about the value it stands for pointed at the anchor, once per
 * use (review n56). Here each use of an alias is a node of its own, marked
 * where the alias is written, that holds what the anchor's node holds:
 * the same tag and the same scalar, items or pairs, shared, not copied (a
 * file of many aliases costs a node each, as the text of the alias). What
 * is inside it is the anchor's: a message about an item of an aliased
 * list points at the item, in the anchor's value. An alias inside its own
 * anchor's collection is that collection itself, as in libyaml. The
 * parser's errors are libyaml's, with the same words (an undefined alias,
 * a duplicate anchor). */
#ifndef NICSHARE_YAMLDOC_H
#define NICSHARE_YAMLDOC_H

#include <yaml.h>

/* As yaml_parser_load: the next document of p into d; 1, or 0 with p's
 * error set and d empty. A document loaded here is freed with
 * yamldoc_delete, not yaml_document_delete (its aliases share memory). */
int yamldoc_load(yaml_parser_t *p, yaml_document_t *d);
void yamldoc_delete(yaml_document_t *d);

#endif
