//! Stage 3: checks of the options against the item.

use syn::{DeriveInput, Ident};

use crate::errors::Errors;

/// Whether no field of the struct already has the injected field's name; a field that does is
/// reported on its name.
pub(crate) fn field_name_is_free(item: &DeriveInput, name: &Ident, errors: &mut Errors) -> bool {
    let syn::Data::Struct(data) = &item.data else {
        return true;
    };
    let wanted = unraw(name);
    let mut free = true;
    for taken in data.fields.iter().filter_map(|f| f.ident.as_ref()) {
        if unraw(taken) == wanted {
            errors.push(syn::Error::new(
                taken.span(),
                format!(
                    "field `{wanted}` is taken by #[async_operation], which adds a field of that \
                     name; rename this field or choose another name with \
                     `#[async_operation(field = ...)]`"
                ),
            ));
            free = false;
        }
    }
    free
}

fn unraw(ident: &Ident) -> String {
    let name = ident.to_string();
    name.strip_prefix("r#").map(str::to_owned).unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::{format_ident, quote};

    #[test]
    fn taken_name_is_reported() {
        let item: DeriveInput = syn::parse2(quote!(
            struct A {
                r#status: u8,
                b: u8,
            }
        ))
        .unwrap();
        let mut errors = Errors::default();
        assert!(!field_name_is_free(
            &item,
            &format_ident!("status"),
            &mut errors
        ));
        assert_eq!(errors.messages().len(), 1);
        assert!(errors.messages()[0].starts_with("field `status` is taken by #[async_operation]"));

        let mut errors = Errors::default();
        assert!(field_name_is_free(
            &item,
            &format_ident!("state"),
            &mut errors
        ));
        assert!(errors.is_empty());
    }
}
