'use strict';
// The picture autocomplete shows each picture's thumbnail beside its words, in the list and
// once chosen. Django's autocomplete.js builds every picker through $.fn.djangoAdminSelect2;
// picture pickers (class picture-picker, from PictureSelect) get select2's templates for
// that, the others are left as they are.
{
    const $ = django.jQuery;
    const plain = $.fn.djangoAdminSelect2;

    function withThumbnail(data) {
        const url = data.thumbnail || (data.element && data.element.dataset.thumbnail);
        if (!url) {
            return data.text;
        }
        const item = $('<span class="picture-choice"><img alt="" width="48"><span></span></span>');
        item.find('img').attr('src', url);
        item.find('span').text(data.text);
        return item;
    }

    $.fn.djangoAdminSelect2 = function() {
        const pictures = this.filter('.picture-picker');
        plain.call(this.not(pictures));
        pictures.each(function(i, element) {
            $(element).select2({
                templateResult: withThumbnail,
                templateSelection: withThumbnail,
                ajax: {
                    data: (params) => ({
                        term: params.term,
                        page: params.page,
                        app_label: element.dataset.appLabel,
                        model_name: element.dataset.modelName,
                        field_name: element.dataset.fieldName
                    })
                }
            });
        });
        return this;
    };
}
